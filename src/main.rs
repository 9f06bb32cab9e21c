fn main() -> std::process::ExitCode {
    amends::cli::run(std::env::args_os(), amends::lsp::run)
}
