//! Writes a deterministic synthetic handbook for benchmarks and experiments:
//!
//! ```sh
//! cargo run --release --example generate -- 1000 /tmp/handbook
//! ```

#[path = "support/synthetic.rs"]
mod synthetic;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<u64>().ok()),
        args.get(1),
    ) else {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"usage: generate REPORTS DIR   (writes a synthetic handbook with REPORTS reports into DIR)\n",
        );
        return std::process::ExitCode::from(2);
    };
    let versions = |i: u64| (synthetic::version(i + 1), synthetic::version(i));
    match synthetic::write_book(std::path::Path::new(dir), count, false, &versions) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("error: {dir}: {e}\n").as_bytes(),
            );
            std::process::ExitCode::from(2)
        }
    }
}
