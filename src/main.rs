fn main() {
    std::process::exit(informed::cli::main());
}
