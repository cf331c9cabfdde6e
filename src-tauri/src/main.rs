fn main() {
    cramp_diary_app::renderer::apply();
    cramp_diary_app::run();
}
