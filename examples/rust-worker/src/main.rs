//! rust-worker: nightly order-report job.
//!
//! Reads every `*.csv` order export in the input directory (one line per order:
//! `order_id,customer,amount_cents,currency`), aggregates them on a pool of
//! worker threads (one per file) and writes
//! `<out>/<date>/summary.txt`, creating the directory if needed.
//!
//! Usage: rust-worker [INPUT_DIR] [OUTPUT_DIR]
//!        (defaults: $ORDERS_DIR or ./orders, $REPORTS_DIR or ./reports)
//!
//! On wasm32-wasi the file I/O works (given preopened dirs), but
//! `std::thread::spawn` panics at run time: "failed to spawn thread".

use std::collections::BTreeMap;
use std::env;
use std::error::Error;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default, Clone)]
struct Totals {
    orders: u64,
    amount_cents: BTreeMap<String, i64>,
    customers: BTreeMap<String, u64>,
    bad_lines: u64,
}

impl Totals {
    fn merge(&mut self, other: Totals) {
        self.orders += other.orders;
        self.bad_lines += other.bad_lines;
        for (cur, cents) in other.amount_cents {
            *self.amount_cents.entry(cur).or_default() += cents;
        }
        for (cust, n) in other.customers {
            *self.customers.entry(cust).or_default() += n;
        }
    }
}

fn parse_file(path: &Path) -> std::io::Result<Totals> {
    let reader = BufReader::new(File::open(path)?);
    let mut totals = Totals::default();
    for (lineno, line) in reader.lines().enumerate() {
        let line = line?;
        if lineno == 0 && line.starts_with("order_id") {
            continue; // header
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        match fields.as_slice() {
            [_id, customer, amount, currency] => match amount.parse::<i64>() {
                Ok(cents) => {
                    totals.orders += 1;
                    *totals.amount_cents.entry(currency.to_string()).or_default() += cents;
                    *totals.customers.entry(customer.to_string()).or_default() += 1;
                }
                Err(_) => totals.bad_lines += 1,
            },
            [] | [""] => {}
            _ => totals.bad_lines += 1,
        }
    }
    Ok(totals)
}

fn csv_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map_or(false, |ext| ext == "csv"))
        .collect();
    files.sort();
    Ok(files)
}

/// Fan out one worker thread per input file and merge the results.
fn aggregate(files: Vec<PathBuf>) -> Result<Totals, Box<dyn Error>> {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for path in files {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let result = parse_file(&path).map_err(|e| format!("{}: {}", path.display(), e));
            tx.send(result).expect("collector hung up");
        }));
    }
    drop(tx);

    let mut totals = Totals::default();
    for result in rx {
        totals.merge(result?);
    }
    for h in handles {
        h.join().map_err(|_| "worker thread panicked")?;
    }
    Ok(totals)
}

fn today() -> String {
    // days since epoch -> civil date (Howard Hinnant's algorithm), no chrono needed
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{:04}-{:02}-{:02}", y, m, d)
}

fn render(totals: &Totals, inputs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "order report generated {}", today());
    let _ = writeln!(out, "input files:   {}", inputs);
    let _ = writeln!(out, "orders:        {}", totals.orders);
    let _ = writeln!(out, "skipped lines: {}", totals.bad_lines);
    for (currency, cents) in &totals.amount_cents {
        let _ = writeln!(out, "revenue {}:   {}.{:02}", currency, cents / 100, (cents % 100).abs());
    }
    let mut top: Vec<_> = totals.customers.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(out, "top customers:");
    for (customer, n) in top.into_iter().take(5) {
        let _ = writeln!(out, "  {:<20} {}", customer, n);
    }
    out
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = env::args().skip(1);
    let input = args
        .next()
        .or_else(|| env::var("ORDERS_DIR").ok())
        .unwrap_or_else(|| "orders".into());
    let output = args
        .next()
        .or_else(|| env::var("REPORTS_DIR").ok())
        .unwrap_or_else(|| "reports".into());

    let files = csv_files(Path::new(&input))?;
    let inputs = files.len();
    let totals = aggregate(files)?;

    let dir = Path::new(&output).join(today());
    fs::create_dir_all(&dir)?;
    let report_path = dir.join("summary.txt");
    let tmp_path = dir.join("summary.txt.partial");
    {
        let mut f = File::create(&tmp_path)?;
        f.write_all(render(&totals, inputs).as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&tmp_path, &report_path)?;
    println!("wrote {} ({} orders from {} files)", report_path.display(), totals.orders, inputs);
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("rust-worker: {}", e);
        std::process::exit(1);
    }
}
