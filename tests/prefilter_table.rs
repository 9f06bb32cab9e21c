//! The table of what each built-in pattern requires (`src/rules/prefilter.table`) must
//! match the patterns: a stale table costs start-up time, never a match (a pattern it
//! does not know is worked out again), but it should be remade when the rules change.
//! One test in a process of its own, so only the built-in pack's patterns are recorded.

#[test]
fn the_prefilter_table_knows_every_built_in_pattern() {
    amends::rules::record_lookups(true);
    let (pack, errors) = amends::Pack::builtin(&Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    let _ = amends::Linter::new(pack);
    let looked_up = amends::rules::record_lookups(false);
    assert!(
        looked_up.len() > 100,
        "only {} patterns looked up",
        looked_up.len()
    );
    let table = amends::rules::table_for(&looked_up).expect("built-in patterns parse");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/prefilter.table");
    if std::env::var_os("AMENDS_UPDATE_PREFILTER").is_some() {
        std::fs::write(path, &table).expect("write the table");
        return;
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == table,
        "src/rules/prefilter.table is out of date with the built-in patterns; remake it with \
         `AMENDS_UPDATE_PREFILTER=1 cargo test --test prefilter_table` and rebuild"
    );
}
