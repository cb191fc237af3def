pub mod entries;
