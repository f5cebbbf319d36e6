//! A long event stream, and a line far longer than the item limit, read
//! with memory that stays bounded: the allocator of this test binary counts
//! the bytes in use, and the peak while reading 48 MiB of events must stay
//! far below it. Alone in its binary, so no other test's allocations count.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen_runtime::{
    call_stream_value, json_item, CallOptions, ClientBuilder, Error, Framing, Operation, Request,
    StreamSpec,
};
use common::stream_server::{Part, Reply, StreamServer};
use common::INFO;
use reqwest::Method;

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static FEED: Operation = Operation {
    id: "callEvents",
    method: Method::GET,
    path: "/calls/events",
    security: &[],
    idempotency_header: None,
    server: 0,
};

static EVENTS: StreamSpec = StreamSpec {
    framing: Framing::ServerSentEvents,
    media_type: "text/event-stream",
    sentinel: None,
    flag: None,
};

#[derive(serde::Deserialize)]
struct Sample {
    seq: u64,
    #[allow(dead_code)]
    pcm: String,
}

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn a_long_stream_is_read_in_bounded_memory() {
    // 48 parts of 1 MiB, each holding many events; a 16 MiB line in the middle.
    let mut parts = Vec::new();
    let mut expected = 0u64;
    let mut seq = 0u64;
    for part in 0..48 {
        let mut chunk = String::with_capacity(MIB + 512);
        while chunk.len() < MIB {
            chunk.push_str(&format!(
                "id: {seq}\ndata: {{\"seq\":{seq},\"pcm\":\"{}\"}}\n\n",
                "A".repeat(400)
            ));
            seq += 1;
            expected += 1;
        }
        parts.push(Part::Bytes(chunk.into_bytes()));
        if part == 24 {
            let mut huge = b"data: \"".to_vec();
            huge.extend_from_slice(&vec![b'x'; 16 * MIB]);
            huge.extend_from_slice(b"\"\n\n");
            // Sent in 1 MiB chunks, as a network would deliver it.
            parts.extend(huge.chunks(MIB).map(|c| Part::Bytes(c.to_vec())));
        }
    }
    let server = StreamServer::start(vec![Reply::events(parts)]).await;
    let client = ClientBuilder::new(&INFO)
        .base_url(&server.url)
        .build()
        .unwrap();
    let request = Request::new(&FEED, "/calls/events".into());
    let mut stream = call_stream_value(
        client,
        Ok(request),
        CallOptions::new(),
        &EVENTS,
        json_item::<Sample>,
    )
    .await
    .unwrap()
    .max_item_size(256 * 1024);

    // What the server holds (its parts) is counted before the baseline.
    let baseline = IN_USE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let (mut read, mut too_large, mut other, mut next_seq) = (0u64, 0, 0, 0u64);
    while let Some(item) = stream.next().await {
        match item {
            Ok(sample) => {
                assert_eq!(sample.seq, next_seq, "in order, none lost");
                next_seq += 1;
                read += 1;
            }
            Err(Error::Decode(e)) if e.message.contains("limit") => too_large += 1,
            Err(_) => other += 1,
        }
    }
    assert_eq!((read, too_large, other), (expected, 1, 0));
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    assert!(
        grew < 6 * MIB,
        "reading 64 MiB grew memory by {} KiB at its peak",
        grew / 1024
    );
}
