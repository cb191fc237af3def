//! Publicity: news and bulletins, and the publicity plan.

mod feeds;
mod news;
mod plan;
