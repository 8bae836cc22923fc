import pytest

# The helper modules of the API tests assert too: pytest rewrites their asserts, as it does those of test modules and
# conftests, when it knows them before they are imported.
pytest.register_assert_rewrite("tests.api_helpers", "tests.training.api_helpers", "tests.migration_tracks.api_helpers")
