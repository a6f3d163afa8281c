# Shared by scripts/fuzz.sh and scripts/fuzz-coverage.sh (sourced, not run).

# Extra read-only seed folders from the repository's own files, per target.
extra_seeds() {
    case "$1" in
        geoparse) echo "examples/articles" ;;
        html) echo "tests/fetch/pages" ;;
        gazetteer) echo "gazetteer/curated" ;;
    esac
}
