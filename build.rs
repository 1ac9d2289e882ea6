// Built-in themes and rule packs are embedded with include_dir; rebuild when any file in them
// changes or is added (include_dir alone does not tell cargo about new files).
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=lints");
}
