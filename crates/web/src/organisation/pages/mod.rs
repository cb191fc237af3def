pub mod home;
pub mod portal;
pub mod show;
