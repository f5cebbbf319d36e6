//! Files on the wire, through the generated fax-and-media client: the
//! multipart bodies the server receives (parts, names, file names, content
//! types, bytes), a body that is one of several forms, retries of uploads held
//! in memory and none of streamed ones, and binary downloads byte for byte,
//! buffered or streamed.

use std::time::Duration;

use fax_media::apis::faxes::{
    CreateCoverPageForm, CreateCoverPageTextCoverPageForm,
    CreateCoverPageTextCoverPageFormRequired, CreateCoverPageUploadedCoverPageForm, SendFaxForm,
    SendFaxFormRequired,
};
use fax_media::apis::media::UploadMediaForm;
use fax_media::runtime::{Bytes, FilePart};
use fax_media::types::{CoverPage, CoverPageRequired, FaxQuality, FaxStatus, SendFaxFormOptions};
use fax_media::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Not valid UTF-8 anywhere a lossy decode would replace it.
const PDF: &[u8] = b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n\x00\xff\xfe binary \x80\x81 %%EOF";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            ..Default::default()
        })
        .build()
        .unwrap()
}

/// One part of a multipart body as the server reads it.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Part {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// Splits a `multipart/form-data` request on the boundary its content type names.
fn parts(request: &Request) -> Vec<Part> {
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap_or_else(|| panic!("no boundary in {content_type}"))
        .trim_matches('"');
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(at) = find(&body[i..], delimiter.as_bytes()) {
        starts.push(i + at);
        i += at + delimiter.len();
    }
    assert!(
        body[starts[starts.len() - 1] + delimiter.len()..].starts_with(b"--"),
        "the body must end with the closing delimiter"
    );
    for pair in starts.windows(2) {
        // Each part: CRLF, headers, a blank line, the content, then CRLF before the next delimiter.
        let raw = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = find(raw, b"\r\n\r\n").expect("part headers end with a blank line");
        let headers = std::str::from_utf8(&raw[..split]).unwrap();
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            body: raw[split + 4..].to_vec(),
        };
        for line in headers.split("\r\n") {
            let (key, value) = line.split_once(':').unwrap();
            match key.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for attr in value.split(';').map(str::trim) {
                        if let Some(v) = attr.strip_prefix("name=") {
                            part.name = v.trim_matches('"').to_owned();
                        } else if let Some(v) = attr.strip_prefix("filename=") {
                            part.file_name = Some(v.trim_matches('"').to_owned());
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        out.push(part);
    }
    out
}

/// The text cover page form; its two required parts are strings, so `new` takes them named.
fn cover_page_form(name: &str, text: &str) -> CreateCoverPageTextCoverPageForm {
    CreateCoverPageTextCoverPageForm::new(CreateCoverPageTextCoverPageFormRequired {
        name: name.into(),
        text: text.into(),
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_fax_goes_as_typed_fields_beside_its_file_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/faxes"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(serde_json::json!({"id": "fx1", "status": "queued"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("media-bodies-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await.unwrap();
    let cover_path = dir.join("cover.png");
    tokio::fs::write(&cover_path, b"\x89PNG\r\n\x1a\n\xff")
        .await
        .unwrap();

    let form = SendFaxForm::new(SendFaxFormRequired {
        to: "+15551234567".into(),
        from: "+15557654321".into(),
        contents: FilePart::from_bytes(PDF).file_name("invoice.pdf"),
    })
    .cover_page(FilePart::from_file(&cover_path).await.unwrap())
    .quality(FaxQuality::VeryHigh)
    .tags(vec!["billing".into(), "urgent".into()])
    .options(SendFaxFormOptions::new().with_retries(2).with_t38(true));
    let fax = client(&server).faxes().send_fax(form).await.unwrap();
    assert_eq!((fax.id.as_str(), &fax.status), ("fx1", &FaxStatus::Queued));
    tokio::fs::remove_dir_all(&dir).await.unwrap();

    let request = &server.received_requests().await.unwrap()[0];
    let parts = parts(request);
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "to",
            "from",
            "contents",
            "cover_page",
            "quality",
            "tags",
            "tags",
            "options"
        ]
    );
    let field = |i: usize| (&parts[i].file_name, &parts[i].content_type, parts[i].text());
    assert_eq!(field(0), (&None, &None, "+15551234567"));
    assert_eq!(field(1), (&None, &None, "+15557654321"));
    // The document keeps every byte, typed with the first type its `encoding` lists.
    assert_eq!(parts[2].body, PDF);
    assert_eq!(parts[2].file_name.as_deref(), Some("invoice.pdf"));
    assert_eq!(parts[2].content_type.as_deref(), Some("application/pdf"));
    // A file from disk is named after it and typed by its extension.
    assert_eq!(parts[3].body, b"\x89PNG\r\n\x1a\n\xff");
    assert_eq!(parts[3].file_name.as_deref(), Some("cover.png"));
    assert_eq!(parts[3].content_type.as_deref(), Some("image/png"));
    assert_eq!(field(4), (&None, &None, "very_high"));
    assert_eq!((parts[5].text(), parts[6].text()), ("billing", "urgent"));
    // An object goes as JSON with the content type its `encoding` names.
    assert_eq!(parts[7].content_type.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&parts[7].body).unwrap(),
        serde_json::json!({"retries": 2, "t38": true})
    );
    assert_eq!(request.headers["authorization"], "Bearer token");
}

#[tokio::test]
async fn with_validation_on_form_fields_are_checked_before_anything_is_sent() {
    let server = MockServer::start().await;
    let form = SendFaxForm::new(SendFaxFormRequired {
        to: "5551234567".into(),
        from: "+15557654321".into(),
        contents: FilePart::from_bytes(PDF),
    })
    .options(SendFaxFormOptions::new().with_retries(9));
    let result = client(&server).faxes().send_fax(form).validate(true).await;
    let Err(Error::Validation(error)) = result else {
        panic!("expected a validation error, got {result:?}")
    };
    assert!(error.to_string().contains("to"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// `POST /cover-pages` takes one of two forms (a `oneOf`): whichever the
/// caller builds goes as its own parts.
#[tokio::test]
async fn a_cover_page_goes_as_the_form_of_whichever_alternative_was_given() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cover-pages"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"id": "cp1", "name": "Invoice"})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let api = client(&server);
    let uploaded = CreateCoverPageUploadedCoverPageForm::new(
        "Invoice",
        FilePart::from_bytes(PDF).file_name("cover.pdf"),
    );
    let page = api.faxes().create_cover_page(uploaded).await.unwrap();
    assert_eq!(page.id, "cp1");
    let logo = FilePart::from_bytes(&b"\x89PNG\r\n"[..])
        .file_name("logo.png")
        .mime("image/png");
    let text = cover_page_form("Memo", "Please call back.").logo(logo);
    api.faxes().create_cover_page(text).await.unwrap();
    // The enum itself, as code that holds either form passes it.
    let either = CreateCoverPageForm::from(cover_page_form("Note", "Hi"));
    api.faxes().create_cover_page(either).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let uploaded = parts(&requests[0]);
    let names: Vec<&str> = uploaded.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["name", "document"]);
    assert_eq!(uploaded[0].text(), "Invoice");
    assert_eq!(uploaded[1].body, PDF);
    assert_eq!(uploaded[1].file_name.as_deref(), Some("cover.pdf"));
    // The media type's `encoding` for `document` types the part.
    assert_eq!(uploaded[1].content_type.as_deref(), Some("application/pdf"));

    let text = parts(&requests[1]);
    let names: Vec<&str> = text.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["name", "text", "logo"]);
    assert_eq!(
        (text[0].text(), text[1].text()),
        ("Memo", "Please call back.")
    );
    assert_eq!(text[1].file_name, None);
    assert_eq!(text[2].body, b"\x89PNG\r\n");
    assert_eq!(text[2].file_name.as_deref(), Some("logo.png"));
    assert_eq!(text[2].content_type.as_deref(), Some("image/png"));

    let either = parts(&requests[2]);
    let names: Vec<&str> = either.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["name", "text"]);
}

#[tokio::test]
async fn with_validation_on_the_given_form_is_checked_by_its_own_schema() {
    let server = MockServer::start().await;
    let long = "x".repeat(65);
    let form = CreateCoverPageUploadedCoverPageForm::new(long, FilePart::from_bytes(PDF));
    let result = client(&server)
        .faxes()
        .create_cover_page(form)
        .validate(true)
        .await;
    let Err(Error::Validation(error)) = result else {
        panic!("expected a validation error, got {result:?}")
    };
    assert!(error.to_string().contains("name"), "{error}");
    let form = cover_page_form("Memo", &"x".repeat(2001));
    let result = client(&server)
        .faxes()
        .create_cover_page(form)
        .validate(true)
        .await;
    let Err(Error::Validation(error)) = result else {
        panic!("expected a validation error, got {result:?}")
    };
    assert!(error.to_string().contains("text"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The `mock` feature stubs an operation whose body is one of several forms
/// like any other: the stub is the call itself.
#[tokio::test]
async fn a_cover_page_is_stubbed_with_the_mock_feature() {
    let server = fax_media::mock::MockServer::start().await;
    let client = server.client();
    let form = cover_page_form("Memo", "Please call back.");
    server
        .on(client.faxes().create_cover_page(form.clone()))
        .returns(CoverPage::new(CoverPageRequired {
            id: "cp9".into(),
            name: "Memo".into(),
        }))
        .await;
    let page = client
        .faxes()
        .create_cover_page(form.clone())
        .await
        .unwrap();
    assert_eq!((page.id.as_str(), page.name.as_str()), ("cp9", "Memo"));
    assert_eq!(
        server.calls(&client.faxes().create_cover_page(form)).await,
        1
    );
    assert!(server.unexpected().is_empty());
}

async fn flaky_upload(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/media"))
        .respond_with(ResponseTemplate::new(503).set_body_json(serde_json::json!({"code": "busy"})))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/media"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"media_ids": ["m1", "m2"]})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn uploads_in_memory_are_sent_again_on_a_retry() {
    let server = MockServer::start().await;
    flaky_upload(&server).await;
    let form = UploadMediaForm::new(vec![
        FilePart::from_bytes(&b"GIF89a\x00\xff"[..])
            .file_name("a.gif")
            .mime("image/gif"),
        FilePart::from_bytes(vec![0u8, 1, 2, 255]).mime("video/mp4"),
    ])
    .ttl_secs(3600);
    let stored = client(&server).media().upload_media(form).await.unwrap();
    assert_eq!(stored.media_ids, ["m1", "m2"]);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "the 503 is retried");
    // Both attempts carry the whole form and the same idempotency key.
    for request in &requests {
        let parts = parts(request);
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (
                parts[0].name.as_str(),
                parts[0].file_name.as_deref(),
                parts[0].content_type.as_deref()
            ),
            ("files", Some("a.gif"), Some("image/gif"))
        );
        assert_eq!(parts[0].body, b"GIF89a\x00\xff");
        // A file part without a name of its own still has one, so servers see a file.
        assert_eq!(
            (
                parts[1].name.as_str(),
                parts[1].file_name.as_deref(),
                parts[1].content_type.as_deref()
            ),
            ("files", Some("files"), Some("video/mp4"))
        );
        assert_eq!(parts[1].body, [0u8, 1, 2, 255]);
        assert_eq!(
            (parts[2].name.as_str(), parts[2].text()),
            ("ttl_secs", "3600")
        );
    }
    assert_eq!(
        requests[0].headers["idempotency-key"],
        requests[1].headers["idempotency-key"]
    );
}

#[tokio::test]
async fn a_streamed_upload_is_sent_whole_once_and_never_retried() {
    let server = MockServer::start().await;
    flaky_upload(&server).await;
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"RIFF\x24\x00\x00\x00")),
        Ok(Bytes::from_static(b"WAVEfmt \xff\xfe")),
    ];
    let part = FilePart::from_stream(futures_util::stream::iter(chunks))
        .file_name("greeting.wav")
        .mime("audio/wav");
    let result = client(&server)
        .media()
        .upload_media(UploadMediaForm::new(vec![part]))
        .await;
    let Err(Error::Api(error)) = result else {
        panic!("the 503 must end the call, got {result:?}")
    };
    assert_eq!(error.status.as_u16(), 503);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "a consumed stream cannot be sent again");
    let parts = parts(&requests[0]);
    assert_eq!(parts[0].body, b"RIFF\x24\x00\x00\x00WAVEfmt \xff\xfe");
    assert_eq!(parts[0].file_name.as_deref(), Some("greeting.wav"));
    assert_eq!(parts[0].content_type.as_deref(), Some("audio/wav"));
}

/// Bytes of every value, not UTF-8, large enough to arrive in many chunks.
fn recording() -> Vec<u8> {
    (0..3 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

async fn serve_recording(server: &MockServer, audio: &[u8]) {
    Mock::given(method("GET"))
        .and(path("/recordings/rec-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "audio/wav")
                .set_body_bytes(audio.to_vec()),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_recording_downloads_byte_for_byte() {
    let server = MockServer::start().await;
    let audio = recording();
    serve_recording(&server, &audio).await;
    let response = client(&server)
        .recordings()
        .get_recording("rec-1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "audio/wav");
    let body = response.into_inner();
    assert_eq!(body.len(), audio.len());
    assert!(body == audio, "the recording changed on the way");
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.headers["accept"], "audio/mpeg, audio/wav");
}

#[tokio::test]
async fn a_streamed_download_yields_every_byte() {
    let server = MockServer::start().await;
    let audio = recording();
    serve_recording(&server, &audio).await;
    let api = client(&server);

    let mut stream = api
        .recordings()
        .get_recording("rec-1")
        .send_streaming()
        .await
        .unwrap()
        .into_inner();
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next_chunk().await.unwrap() {
        received.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert!(
        received == audio,
        "{} of {} bytes",
        received.len(),
        audio.len()
    );
    assert!(
        chunks > 1,
        "a 3 MiB body arrives in pieces, not buffered whole"
    );

    let mut file = Vec::new();
    let stream = api
        .recordings()
        .get_recording("rec-1")
        .send_streaming()
        .await
        .unwrap()
        .into_inner();
    let written = stream.copy_to(&mut file).await.unwrap();
    assert_eq!(written, audio.len() as u64);
    assert!(file == audio);

    use futures_util::StreamExt;
    let stream = api
        .recordings()
        .get_recording("rec-1")
        .send_streaming()
        .await
        .unwrap()
        .into_inner();
    let collected: Vec<Bytes> = stream.map(Result::unwrap).collect().await;
    assert_eq!(collected.concat(), audio);
}

#[tokio::test]
async fn a_missing_recording_is_an_api_error_even_when_streaming() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"code": "not_found", "message": "no such recording"}),
        ))
        .mount(&server)
        .await;
    let result = client(&server)
        .recordings()
        .get_recording("gone")
        .send_streaming()
        .await;
    let Err(Error::Api(error)) = result else {
        panic!("expected an API error, got {result:?}")
    };
    assert_eq!(error.status.as_u16(), 404);
    assert_eq!(error.message.as_deref(), Some("no such recording"));
}

#[tokio::test]
async fn documents_are_bytes_and_transcripts_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/faxes/fx1/document"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/pdf")
                .set_body_bytes(PDF.to_vec()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/recordings/rec-1/transcript"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/plain; charset=utf-8")
                .set_body_string("Hello, you have reached the front desk."),
        )
        .mount(&server)
        .await;
    let api = client(&server);
    let document: Vec<u8> = api.faxes().get_fax_document("fx1").await.unwrap();
    assert_eq!(document, PDF);
    let transcript: String = api.recordings().get_transcript("rec-1").await.unwrap();
    assert_eq!(transcript, "Hello, you have reached the front desk.");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["accept"], "application/pdf");
    assert_eq!(requests[1].headers["accept"], "text/plain");
}
