//! A realistic sample diary to try the app with.
