fn main() {
    std::process::exit(guidegen::cli::run());
}
