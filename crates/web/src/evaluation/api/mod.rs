pub mod codes;
pub mod records;
pub mod results;
pub mod rounds;
pub mod view;
pub mod vote;
