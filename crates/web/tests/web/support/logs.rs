//! Every line the log writes while a test listens. The process has one log
//! subscriber: it is installed by the first capture, stays silent between
//! captures, and writes at the most verbose level while one lasts. Lines of
//! other tests that run meanwhile are captured too, which only widens the net.

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{Registry, fmt, reload};

/// The installed subscriber: its level, and the bytes it has written.
struct Sink {
    level: reload::Handle<LevelFilter, Registry>,
    bytes: Arc<Mutex<Vec<u8>>>,
}

static SINK: OnceLock<Sink> = OnceLock::new();
/// One capture at a time: each reads only what was written while it lasted.
static LISTENING: Mutex<()> = Mutex::new(());

#[derive(Clone)]
struct Writer(Arc<Mutex<Vec<u8>>>);

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn sink() -> &'static Sink {
    SINK.get_or_init(|| {
        // Installed at TRACE so that records of the `log` crate pass too (its
        // bridge takes its level once, here), then silenced until a capture.
        let (level, handle) = reload::Layer::new(LevelFilter::TRACE);
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let writer = Writer(bytes.clone());
        tracing_subscriber::registry()
            .with(level)
            .with(
                fmt::layer()
                    .with_ansi(false)
                    .with_writer(move || writer.clone()),
            )
            .init();
        handle.reload(LevelFilter::OFF).unwrap();
        bytes.lock().unwrap().clear();
        Sink {
            level: handle,
            bytes,
        }
    })
}

/// Listening to the log, at the most verbose level, until dropped.
pub struct Capture {
    _alone: MutexGuard<'static, ()>,
}

/// Starts listening to every log line.
pub fn capture() -> Capture {
    let alone = LISTENING.lock().unwrap_or_else(|e| e.into_inner());
    let sink = sink();
    sink.bytes.lock().unwrap().clear();
    sink.level.reload(LevelFilter::TRACE).unwrap();
    Capture { _alone: alone }
}

impl Capture {
    /// Every line written since the capture began.
    pub fn text(&self) -> String {
        String::from_utf8(sink().bytes.lock().unwrap().clone()).unwrap()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let sink = sink();
        let _ = sink.level.reload(LevelFilter::OFF);
        sink.bytes.lock().unwrap().clear();
    }
}
