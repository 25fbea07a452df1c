"""Classroom mode: every student plays one sales rep, the instructor's projector shows the class.

``room`` holds the rooms, students, rounds and class data in plain Python (no UI); ``figure``
draws the class's effort curve; ``i18n`` has the texts; ``page`` is the Solara app that
``rapport app --classroom`` serves.
"""
