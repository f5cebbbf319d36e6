//! Per-call cost of the generated client against the same request written by
//! hand with reqwest and serde_json, both against one keep-alive loopback
//! server that answers every request with the same JSON body.
//!
//! `per-call [CALLS_PER_BATCH] [BATCHES]`: the clients run in alternating
//! batches, so machine load falls on all alike; prints one line per side with
//! min, median and max microseconds per call, then the ratios of the medians.
//!
//! The generated client runs twice: as applications use it, and recording
//! drift (the `drift` feature, compiled in for both), checking every response
//! against the spec. The body carries one property the spec does not declare,
//! so the recorder has a place to count on every call.

use std::time::Instant;

use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The spec's own example of `GET /v2.2/numbers/{number}`, and a property it
/// does not declare (`portingState`).
const BODY: &str = r#"{"data": {"route": 1000, "carrier": 0, "faxEnabled": true, "gateway": "203.0.113.10:5060", "translated": "2015551234", "forward": true, "forwardTo": "example", "number": "2015551234", "smsEnabled": true, "cnam": true, "portingState": "none"}, "status": "success"}"#;

/// What the hand-written client decodes: the envelope around the same type.
#[derive(Deserialize)]
struct Envelope {
    data: voicetel::types::NumberDetail,
}

/// Answers every request on every connection with `BODY`, keeping connections open.
async fn serve(listener: TcpListener) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let response = response.clone();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 8192];
            let mut filled = 0;
            loop {
                let Ok(n) = socket.read(&mut buf[filled..]).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                filled += n;
                // GET requests carry no body: a request ends at the blank line.
                while let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                    buf.copy_within(end + 4..filled, 0);
                    filled -= end + 4;
                }
                if filled == buf.len() {
                    return;
                }
            }
        });
    }
}

fn stats(mut per_call_us: Vec<f64>) -> (f64, f64, f64) {
    per_call_us.sort_by(f64::total_cmp);
    let n = per_call_us.len();
    (per_call_us[0], per_call_us[n / 2], per_call_us[n - 1])
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let calls: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let batches: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(15);

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(serve(listener));

    let generated = voicetel::Client::builder()
        .base_url(base.clone())
        .bearer_token("bench-key")
        .build()
        .expect("client");
    let recorder = voicetel::DriftRecorder::callback(|record| {
        std::hint::black_box(record);
    });
    let recording = voicetel::Client::builder()
        .base_url(base.clone())
        .bearer_token("bench-key")
        .record_drift(recorder.clone())
        .build()
        .expect("client");
    let http = reqwest::Client::new();
    let url = format!("{base}/v2.2/numbers/2015551234");

    let by_hand = || async {
        let response = http
            .get(&url)
            .bearer_auth("bench-key")
            .header("accept", "application/json")
            .send()
            .await
            .expect("send");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice::<Envelope>(&bytes).expect("decode").data
    };
    let with_client = || async { generated.numbers().get("2015551234").await.expect("call") };
    let with_recording = || async { recording.numbers().get("2015551234").await.expect("call") };

    // Warm-up: connections, allocator, branch predictors.
    for _ in 0..calls / 4 {
        std::hint::black_box(by_hand().await);
        std::hint::black_box(with_client().await);
        std::hint::black_box(with_recording().await);
    }
    let (mut hand, mut ours, mut drift) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..batches {
        let start = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(by_hand().await);
        }
        hand.push(start.elapsed().as_secs_f64() * 1e6 / calls as f64);
        let start = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(with_client().await);
        }
        ours.push(start.elapsed().as_secs_f64() * 1e6 / calls as f64);
        let start = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(with_recording().await);
        }
        drift.push(start.elapsed().as_secs_f64() * 1e6 / calls as f64);
    }
    assert_eq!(recorder.places(), 1, "the recorder saw the undeclared property");
    let (h_min, h_med, h_max) = stats(hand);
    let (o_min, o_med, o_max) = stats(ours);
    let (d_min, d_med, d_max) = stats(drift);
    println!("by hand (reqwest + serde_json): min {h_min:.1} median {h_med:.1} max {h_max:.1} us/call");
    println!("generated client:               min {o_min:.1} median {o_med:.1} max {o_max:.1} us/call");
    println!("  recording drift:              min {d_min:.1} median {d_med:.1} max {d_max:.1} us/call");
    println!("ratio (generated / by hand, medians): {:.3}", o_med / h_med);
    println!("ratio (recording drift / generated, medians): {:.3}", d_med / o_med);
}
