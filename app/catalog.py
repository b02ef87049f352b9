"""All content in one place for the CLI and the app: load, validate, count. No streamlit here."""

from __future__ import annotations

from dataclasses import dataclass

from coding_katas.loader import KataCatalogue, load_katas
from design_cases.loader import CaseLibrary, load_cases
from progress.store import mastery_home
from question_bank.content_files import ContentError
from question_bank.loader import QuestionBank, load_bank
from question_bank.taxonomy import load_taxonomy


def user_questions_dir():
    return mastery_home() / "questions"


@dataclass(frozen=True)
class Catalog:
    bank: QuestionBank
    katas: KataCatalogue
    cases: CaseLibrary
    taxonomy_errors: tuple[str, ...] = ()

    @property
    def errors(self) -> list[str]:
        return [*self.taxonomy_errors, *self.bank.errors, *self.katas.errors, *self.cases.errors]

    def counts(self) -> dict[str, int]:
        return {
            "questions": len(self.bank.questions),
            "katas": len(self.katas.katas),
            "design_cases": len(self.cases.cases),
        }


def load_catalog() -> Catalog:
    try:
        load_taxonomy()
    except ContentError as exc:
        # Without a taxonomy nothing else can be checked against it.
        empty = Catalog(QuestionBank((), ()), KataCatalogue((), ()), CaseLibrary((), ()), tuple(exc.messages))
        return empty
    return Catalog(load_bank(user_dir=user_questions_dir()), load_katas(), load_cases())
