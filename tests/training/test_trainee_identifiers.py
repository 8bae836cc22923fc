"""The trainee's identifiers: the national ID kept only as a keyed hash, and a stable anonymous pseudonym."""

import re

import pytest

from tests.constraints import assert_refused
from tests.reference.factories import country
from tests.training.factories import TraineeFactory
from training.models import Trainee
from training.models.people import hash_national_id

pytestmark = pytest.mark.django_db


class TestNationalId:
    def test_hash_is_keyed_sha256_hex_never_the_raw_id(self):
        trainee = TraineeFactory()
        trainee.set_national_id("AB123456")
        assert re.fullmatch(r"[0-9a-f]{64}", trainee.national_id_hash)
        assert "AB123456" not in trainee.national_id_hash
        assert "ab123456" not in trainee.national_id_hash
        assert trainee.national_id_hash == hash_national_id("NG", "AB123456")

    @pytest.mark.parametrize("spelling", ["ab 123", "AB123", " Ab-123 ", "a.b.1.2.3"])
    def test_spaces_case_and_punctuation_are_normalised(self, spelling):
        assert hash_national_id("NG", spelling) == hash_national_id("NG", "AB123")

    def test_different_ids_and_nationalities_hash_differently(self):
        hashes = {hash_national_id("NG", "AB123"), hash_national_id("NG", "AB124"), hash_national_id("GH", "AB123")}
        assert len(hashes) == 3

    def test_blank_id_clears_the_hash(self):
        trainee = TraineeFactory()
        trainee.set_national_id("AB123")
        trainee.set_national_id("")
        assert trainee.national_id_hash == ""

    def test_the_same_person_twice_is_refused(self):
        first = TraineeFactory()
        first.set_national_id("ab 123")
        first.save()
        duplicate = TraineeFactory.build(nationality=country("NG"))
        duplicate.set_national_id("AB123")
        assert_refused(Trainee, "training_trainee_unique_national_id", duplicate.save)

    def test_the_same_id_of_another_nationality_is_accepted(self):
        first = TraineeFactory()
        first.set_national_id("AB123")
        first.save()
        other = TraineeFactory(nationality=country("GH"))
        other.set_national_id("AB123")
        other.save()
        assert Trainee.objects.filter(pk__in=[first.pk, other.pk]).exclude(national_id_hash="").count() == 2

    def test_trainees_without_an_id_are_not_duplicates(self):
        TraineeFactory()
        TraineeFactory()
        assert Trainee.objects.filter(national_id_hash="").count() == 2

    def test_history_does_not_keep_the_hash(self):
        trainee = TraineeFactory()
        trainee.set_national_id("AB123")
        trainee.save()
        assert trainee.history.count() == 2
        assert not hasattr(trainee.history.first(), "national_id_hash")


class TestPseudonym:
    def test_stable_and_anonymous(self):
        trainee = TraineeFactory(given_name="Amina", family_name="Bello")
        pseudonym = trainee.pseudonym
        assert re.fullmatch(r"T-[0-9A-F]{10}", pseudonym)
        assert Trainee.objects.get(pk=trainee.pk).pseudonym == pseudonym
        assert "AMINA" not in pseudonym.upper() and "BELLO" not in pseudonym.upper()

    def test_differs_between_trainees(self):
        assert TraineeFactory().pseudonym != TraineeFactory().pseudonym

    def test_a_renamed_trainee_keeps_it(self):
        trainee = TraineeFactory(given_name="Amina")
        before = trainee.pseudonym
        trainee.given_name = "Aminat"
        trainee.save()
        assert trainee.pseudonym == before
