//! One ordered parallel map, for the three places that spread work over cores: checking
//! files (`cli::check`), parsing rule files (`rules::Pack::from_files`) and compiling a
//! document's patterns ahead of its first check (`engine::scan`). Scoped threads take
//! the next item as they finish one, so large and small items even out; results come
//! back in the items' order, whatever the timing.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads this machine runs at once (1 when it cannot tell).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `f` applied to every item on up to `threads` threads; results in the items' order. A
/// panic in `f` is raised again here, as if `f` had run on this thread.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_their_items() {
        let items: Vec<usize> = (0..500).collect();
        let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
        for threads in [0, 1, 4, 1000] {
            assert_eq!(map(&items, threads, |i| i * 2), doubled);
        }
        assert_eq!(map(&[] as &[usize], 4, |i| *i), Vec::<usize>::new());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..50).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, 4, |&i| {
                assert!(i != 37, "item 37");
                i
            })
        });
        assert!(caught.is_err());
    }
}
