pub mod board;
pub mod decide;
pub mod list;
pub mod mine;
pub mod opinions;
pub mod progress;
pub mod view;
