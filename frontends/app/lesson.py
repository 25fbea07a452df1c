"""The Lesson tab: the model explained for a class (``docs/lesson.<lang>.md``)."""

from __future__ import annotations

import solara

from frontends.app import css, i18n

LESSONS = {lang: i18n.lesson(lang) for lang in i18n.LANGUAGES}


@solara.component
def Lesson(lang: str):
    with solara.Column(classes=[css.LESSON]):
        solara.Markdown(LESSONS[lang])
