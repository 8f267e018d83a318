// The default theme is compiled into the binary (include_dir!); rebuild when
// any of its files changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=syntaxes");
}
