pub mod board;
pub mod decide;
pub mod edit;
pub mod evidence;
pub mod follow;
pub mod list;
pub mod opinions;
pub mod progress;
