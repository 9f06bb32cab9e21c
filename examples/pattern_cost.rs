fn main() {
    let linter = amends::Linter::new(amends::Pack::builtin(&Default::default()).0);
    let mut costs = Vec::new();
    for rule in linter.pack().rules().iter().filter(|r| r.enabled()) {
        for m in rule.matchers() {
            let amends::rules::Find::Regex(p) = &m.find else {
                continue;
            };
            let t = std::time::Instant::now();
            let _ = regex::RegexBuilder::new(p.regex.as_str())
                .case_insensitive(true)
                .build();
            costs.push((
                t.elapsed().as_micros(),
                rule.id().to_string(),
                p.regex.as_str().len(),
            ));
        }
    }
    costs.sort();
    let total: u128 = costs.iter().map(|c| c.0).sum();
    println!("total {} ms over {}", total / 1000, costs.len());
    for c in costs.iter().rev().take(25) {
        println!("{} us {} len {}", c.0, c.1, c.2);
    }
}
