fn main() {
    cramp_diary_app::run();
}
