//! Loading a city of study data for `chuangxian bench study`, and the plain SQL it is measured against.
