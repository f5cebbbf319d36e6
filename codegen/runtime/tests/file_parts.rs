//! File parts read from disk: named after the file, typed by its extension,
//! and a clear I/O error for a file that is not there.

use codegen_runtime::FilePart;

#[tokio::test]
async fn files_are_named_and_typed_from_their_path() {
    let dir = std::env::temp_dir().join(format!("file-parts-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await.unwrap();
    let path = dir.join("fax.pdf");
    tokio::fs::write(&path, b"%PDF-1.4\xff").await.unwrap();
    let part = FilePart::from_file(&path).await.unwrap();
    assert!(part.is_replayable());
    let shown = format!("{part:?}");
    assert!(
        shown.contains("9 bytes")
            && shown.contains("\"fax.pdf\"")
            && shown.contains("\"application/pdf\""),
        "{shown}"
    );
    let renamed = format!("{:?}", part.file_name("cover.tiff").mime("image/tiff"));
    assert!(
        renamed.contains("\"cover.tiff\"") && renamed.contains("\"image/tiff\""),
        "{renamed}"
    );
    let unknown = dir.join("notes.unknown-extension");
    tokio::fs::write(&unknown, b"x").await.unwrap();
    let shown = format!("{:?}", FilePart::from_file(&unknown).await.unwrap());
    assert!(
        shown.contains("mime: None"),
        "the spec's or the default type applies: {shown}"
    );
    let missing = FilePart::from_file(dir.join("missing.pdf"))
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
    tokio::fs::remove_dir_all(&dir).await.unwrap();
}
