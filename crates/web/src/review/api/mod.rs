pub mod rectifications;
pub mod reviews;
pub mod view;
