//! What a sheet may hold, checked before anything is laid out in memory.
//!
//! calamine lays a sheet out as one dense rectangle from its first to its last
//! cell, so two cells, `A1` and `XFD1048576`, ask for 17 billion of them. An xlsx
//! is read cell by cell ([`Grid`]); xls and ods files are laid out whole by
//! calamine as it opens them, so their cells' positions are scanned first
//! ([`check_xls`], [`check_ods`]) and a file whose rectangles are too large is
//! refused before calamine sees it.

use super::error::SheetError;
use domain::roster::Cell;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// The most rows a sheet may span.
pub const MAX_ROWS: u32 = 200_000;
/// The most columns a sheet may span.
pub const MAX_COLUMNS: u32 = 200;
/// The most cells all of a file's laid-out rectangles may hold together: a
/// roster of 100,000 people in 20 columns (a large county's, or a city's
/// export with every column). At calamine's 56 bytes a cell (value and
/// formula) that is about 112 MB; `chuangxian bench import` measures the
/// whole process during such an import.
pub const MAX_CELLS: u64 = 2_000_000;

/// The most shared strings an xlsx may hold: calamine keeps each in memory (about
/// 50 bytes with its text), and a roster has far fewer distinct texts than cells.
pub const MAX_STRINGS: u64 = MAX_CELLS / 2;

/// Counts the `<si>` entries of an xlsx's shared strings as they stream past.
#[derive(Default)]
pub struct StringCounter {
    pub strings: u64,
    /// The tail of the last chunk, for an entry split across two.
    carry: Vec<u8>,
}

impl std::io::Write for StringCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut window = std::mem::take(&mut self.carry);
        window.extend_from_slice(buf);
        self.strings += window
            .windows(4)
            .filter(|w| w[..3] == *b"<si" && matches!(w[3], b'>' | b' ' | b'/'))
            .count() as u64;
        self.carry = window[window.len().saturating_sub(3)..].to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The rectangle one sheet's cells span.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, column: u32) -> Result<(), SheetError> {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(SheetError::TooManyCells);
        }
        let widen =
            |s: Option<(u32, u32)>, v: u32| Some(s.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = widen(self.rows, row);
        self.columns = widen(self.columns, column);
        Ok(())
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Adds up the rectangles of a file's sheets, refusing past [`MAX_CELLS`].
#[derive(Default)]
struct Total(u64);

impl Total {
    fn add(&mut self, span: &Span) -> Result<(), SheetError> {
        self.0 += span.cells();
        if self.0 > MAX_CELLS {
            return Err(SheetError::TooManyCells);
        }
        Ok(())
    }
}

pub(super) fn unreadable(e: impl std::fmt::Display) -> SheetError {
    SheetError::Unreadable(e.to_string())
}

/// Scans an xls file's BIFF records for cell positions. calamine keeps a value
/// rectangle and a formula rectangle for every sheet, so both count.
pub fn check_xls(bytes: &[u8]) -> Result<(), SheetError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(unreadable)?;
    let path = if file.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    file.open_stream(path)
        .map_err(unreadable)?
        .read_to_end(&mut stream)
        .map_err(unreadable)?;
    let u16_at = |b: &[u8], i: usize| {
        b.get(i..i + 2)
            .map(|s| u32::from(u16::from_le_bytes([s[0], s[1]])))
    };
    let (mut values, mut formulas, mut total) =
        (Span::default(), Span::default(), Total::default());
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let body = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        let position = || u16_at(body, 0).zip(u16_at(body, 2));
        match kind {
            // Number, Label, RString, BoolErr, Rk, LabelSst: one cell.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, column)) = position() {
                    values.add(row, column)?;
                }
            }
            // Formula: its cached value and its text.
            0x0006 => {
                if let Some((row, column)) = position() {
                    values.add(row, column)?;
                    formulas.add(row, column)?;
                }
            }
            // MulRk: a run of cells in one row, its last column at the end.
            0x00BD => {
                if let (Some((row, first)), Some(last)) =
                    (position(), u16_at(body, body.len().saturating_sub(2)))
                {
                    values.add(row, first)?;
                    values.add(row, last)?;
                }
            }
            // EOF: a sheet (or the workbook's globals) ends.
            0x000A => {
                total.add(&values)?;
                total.add(&formulas)?;
                (values, formulas) = (Span::default(), Span::default());
            }
            _ => {}
        }
    }
    total.add(&values)?;
    total.add(&formulas)
}

/// Whether a zip is an OpenDocument spreadsheet (calamine opens it as one).
pub fn is_ods(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut a| a.by_name("content.xml").is_ok())
}

/// Scans an ods file's `content.xml` for the rectangles calamine will lay out:
/// rows and cells may say they repeat (`number-rows-repeated`,
/// `number-columns-repeated`), and every non-empty one counts as often as it
/// repeats; empty ones after the last non-empty are never laid out. calamine
/// keeps a value and a formula for each cell, so each counts twice.
pub fn check_ods(bytes: &[u8]) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let content = archive.by_name("content.xml").map_err(unreadable)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut total = Total::default();
    let mut table = Span::default();
    // Rows read so far in this table, and the columns of the row being read.
    let (mut row, mut column, mut last_filled, mut row_repeats) = (0u64, 0u64, 0u64, 1u64);
    let repeats = |e: &BytesStart, name: &str| -> Result<u64, SheetError> {
        match e.try_get_attribute(name).map_err(unreadable)? {
            Some(a) => a
                .value
                .parse()
                .ok()
                .ok_or_else(|| unreadable("repeat count")),
            None => Ok(1),
        }
    };
    let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(unreadable)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    table = Span::default();
                    row = 0;
                }
                "table:table-row" => {
                    row_repeats = repeats(&e, "table:number-rows-repeated")?;
                    (column, last_filled) = (0, 0);
                    if empty {
                        row = row.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    column = column.saturating_add(repeats(&e, "table:number-columns-repeated")?);
                    let valued = e
                        .try_get_attribute("office:value-type")
                        .map_err(unreadable)?
                        .is_some()
                        || e.try_get_attribute("table:formula")
                            .map_err(unreadable)?
                            .is_some();
                    if valued || !empty {
                        last_filled = column;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    if last_filled > 0 {
                        let bottom = row.saturating_add(row_repeats) - 1;
                        table.add(clamp(row), clamp(last_filled - 1))?;
                        table.add(clamp(bottom), 0)?;
                    }
                    row = row.saturating_add(row_repeats);
                }
                "table:table" => {
                    total.add(&table)?;
                    total.add(&table)?;
                    table = Span::default();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// The rows of a sheet as they are read, cell by cell, each row as long as its
/// last cell; refused past the limits before anything past them is kept.
#[derive(Default)]
pub struct Grid {
    rows: Vec<Vec<Cell>>,
    cells: u64,
}

impl Grid {
    pub fn place(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), SheetError> {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(SheetError::TooManyCells);
        }
        let (row, column) = (row as usize, column as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let line = &mut self.rows[row];
        if line.len() <= column {
            self.cells += (column + 1 - line.len()) as u64;
            if self.cells > MAX_CELLS {
                return Err(SheetError::TooManyCells);
            }
            line.resize(column + 1, Cell::Empty);
        }
        line[column] = cell;
        Ok(())
    }

    pub fn into_rows(self) -> Vec<Vec<Cell>> {
        self.rows
    }
}
