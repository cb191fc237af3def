//! Hostile workbooks: far cells, huge shared strings, deep XML, many sheets, and
//! the same in xls and ods. Each is refused, or read, within bounded memory; none
//! aborts the process.

use super::*;
use proptest::prelude::*;
use std::io::Write;

/// An xlsx made by hand, so that it can say what no writer would.
fn xlsx(sheets: &[String], shared: &str) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut file = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    file(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    let entries: String = (1..=sheets.len())
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    file(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
        ),
    );
    let rels: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    file(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        ),
    );
    file(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    file("xl/sharedStrings.xml", shared);
    for (i, data) in sheets.iter().enumerate() {
        file(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        );
    }
    zip.finish().unwrap();
    buf.into_inner()
}

const NO_STRINGS: &str = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#;

fn cell(at: &str, text: &str) -> String {
    format!(r#"<row><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>"#)
}

#[test]
fn the_two_cells_that_stopped_the_server_are_refused() {
    let sheet = format!("{}{}", cell("A1", "姓名"), cell("XFD1048576", "x"));
    let bytes = xlsx(&[sheet], NO_STRINGS);
    assert!(bytes.len() < 4096, "the file is small: {}", bytes.len());
    assert_eq!(read_sheet("r.xlsx", &bytes), Err(SheetError::TooManyCells));
}

#[test]
fn a_far_cell_within_the_columns_but_past_the_rows_is_refused() {
    let sheet = format!("{}{}", cell("A1", "姓名"), cell("A200001", "x"));
    assert_eq!(
        read_sheet("r.xlsx", &xlsx(&[sheet], NO_STRINGS)),
        Err(SheetError::TooManyCells)
    );
    let sheet = format!("{}{}", cell("A1", "姓名"), cell("XFD2000", "x"));
    assert_eq!(
        read_sheet("r.xlsx", &xlsx(&[sheet], NO_STRINGS)),
        Err(SheetError::TooManyCells)
    );
}

#[test]
fn cells_within_the_limits_read_where_they_stand() {
    let sheet = format!("{}{}", cell("A1", "姓名"), cell("GR199999", "x"));
    let rows = read_sheet("r.xlsx", &xlsx(&[sheet], NO_STRINGS)).unwrap();
    assert_eq!(rows.len(), 199_999);
    assert_eq!(rows[0], vec![Cell::Text("姓名".into())]);
    assert_eq!(rows[199_998].len(), 200);
    assert_eq!(rows[199_998][199], Cell::Text("x".into()));
    assert!(rows[1].is_empty(), "an empty row holds nothing");
}

#[test]
fn many_wide_rows_are_refused_past_the_cell_limit() {
    // 12,000 rows reaching column 200 is 2.4 million cells laid out.
    let sheet: String = (1..=12_000).map(|r| cell(&format!("GR{r}"), "x")).collect();
    assert_eq!(
        read_sheet("r.xlsx", &xlsx(&[sheet], NO_STRINGS)),
        Err(SheetError::TooManyCells)
    );
}

#[test]
fn more_shared_strings_than_a_roster_holds_are_refused() {
    let shared = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>"#,
        "<si><t>王芳</t></si>".repeat(bounds::MAX_STRINGS as usize + 1)
    );
    let bytes = xlsx(&[cell("A1", "姓名")], &shared);
    assert_eq!(read_sheet("r.xlsx", &bytes), Err(SheetError::TooManyCells));
}

#[test]
fn deep_xml_many_sheets_and_many_shared_strings_do_not_stop_it() {
    let deep = format!("{}{}", "<x>".repeat(100_000), "</x>".repeat(100_000));
    let shared = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>"#,
        "<si><t>王芳</t></si>".repeat(200_000)
    );
    let mut sheets = vec![format!("{}{deep}", cell("A1", "姓名"))];
    sheets.extend((0..300).map(|_| cell("XFD1048576", "x")));
    let rows = read_sheet("r.xlsx", &xlsx(&sheets, &shared)).unwrap();
    assert_eq!(rows[0], vec![Cell::Text("姓名".into())]);
}

/// An ods made by hand: `table` is the inside of one `table:table`.
fn ods(tables: &[&str]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", options).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", options).unwrap();
    let body: String = tables
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"<table:table table:name="S{i}">{t}</table:table>"#))
        .collect();
    write!(
        zip,
        r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

const ODS_NAME: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row>"#;

#[test]
fn an_ods_that_repeats_a_filled_row_or_cell_too_often_is_refused() {
    let rows = format!(
        r#"{ODS_NAME}<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#
    );
    assert_eq!(
        read_sheet("r.ods", &ods(&[&rows])),
        Err(SheetError::TooManyCells)
    );
    let wide = format!(
        r#"{ODS_NAME}<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#
    );
    assert_eq!(
        read_sheet("r.ods", &ods(&[&wide])),
        Err(SheetError::TooManyCells)
    );
}

#[test]
fn an_ods_with_trailing_empty_repeats_as_libreoffice_writes_reads() {
    let table = format!(
        r#"{ODS_NAME}<table:table-row><table:table-cell office:value-type="string"><text:p>王芳</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
    );
    let rows = read_sheet("r.ods", &ods(&[&table])).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], Cell::Text("王芳".into()));
}

/// An xls whose workbook stream holds the given BIFF records.
fn xls(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    {
        let mut stream = file.create_stream("/Workbook").unwrap();
        for (kind, body) in records {
            stream.write_all(&kind.to_le_bytes()).unwrap();
            stream
                .write_all(&(body.len() as u16).to_le_bytes())
                .unwrap();
            stream.write_all(body).unwrap();
        }
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn number(row: u16, column: u16) -> (u16, Vec<u8>) {
    let mut body = [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat();
    body.extend(1f64.to_le_bytes());
    (0x0203, body)
}

#[test]
fn an_xls_whose_cells_span_too_far_is_refused_before_calamine_lays_it_out() {
    let bof = (0x0809, vec![0, 6, 0x10, 0, 0, 0, 0, 0]);
    let eof = (0x000A, vec![]);
    let far = xls(&[bof.clone(), number(0, 0), number(65_535, 199), eof.clone()]);
    assert_eq!(read_sheet("r.xls", &far), Err(SheetError::TooManyCells));
    let wide = xls(&[bof.clone(), number(0, 0), number(0, 255), eof.clone()]);
    assert_eq!(read_sheet("r.xls", &wide), Err(SheetError::TooManyCells));
    // Many sheets, each within its limits, add up past the cells allowed.
    let mut many = Vec::new();
    for _ in 0..60 {
        many.extend([bof.clone(), number(0, 0), number(999, 39), eof.clone()]);
    }
    assert_eq!(
        read_sheet("r.xls", &xls(&many)),
        Err(SheetError::TooManyCells)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any cell anywhere on the sheet: read in place within the limits, refused
    /// past them, never more.
    #[test]
    fn a_cell_anywhere_is_read_in_place_or_refused(row in 0u32..1_048_576, column in 0u32..16_384) {
        let at = format!("{}{}", column_name(column), row + 1);
        let sheet = format!("{}{}", cell("A1", "姓名"), cell(&at, "x"));
        let result = read_sheet("r.xlsx", &xlsx(&[sheet], NO_STRINGS));
        if row < MAX_ROWS && column < MAX_COLUMNS {
            let rows = result.unwrap();
            prop_assert_eq!(&rows[row as usize][column as usize], &Cell::Text("x".into()));
        } else {
            prop_assert_eq!(result, Err(SheetError::TooManyCells));
        }
    }

    /// Bytes of any kind behind a spreadsheet's signature give an answer.
    #[test]
    fn any_bytes_give_an_answer(tail in proptest::collection::vec(any::<u8>(), 0..2048), ole in any::<bool>()) {
        let (name, head): (&str, &[u8]) = if ole {
            ("r.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        } else {
            ("r.xlsx", b"PK\x03\x04")
        };
        let _ = read_sheet(name, &[head, &tail].concat());
    }
}

fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}
