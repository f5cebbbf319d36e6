//! Generates the Acme SMS client from `spec/acme-sms.yaml` into `OUT_DIR`
//! (again only when the spec or its config changes), for `src/lib.rs`.

fn main() {
    match codegen::build_script::Client::new("spec/acme-sms.yaml").generate() {
        Ok(generated) => {
            for note in generated.notes {
                println!("cargo:warning={note}");
            }
        }
        Err(e) => {
            eprintln!("error: generating the Acme SMS client: {e}");
            std::process::exit(1);
        }
    }
}
