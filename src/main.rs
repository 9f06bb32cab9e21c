fn main() -> std::process::ExitCode {
    amends::cli::run(
        std::env::args_os(),
        amends::cli::Servers {
            lsp: amends::lsp::run,
            write: amends::write::run,
        },
    )
}
