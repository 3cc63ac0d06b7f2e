"""A module shipped outside the kit, as a third party would write it: a confidence vote.

Each member says how confident they are (1-5) that the alliance meets its first-year goals.
The team sees the mean and the spread; the health check counts a shared, confident view as
evidence of trust; a spread of two points or more goes to the debrief board.

It has the layout of every module of the kit (``widgets/modules/<key>/``): ``model.py`` (its
rules), ``section.py`` (its typed team state), ``report.py`` (its section and the hooks that read it), ``view.py`` (its widgets),
``spec.py`` (its registration) and ``locales/`` (its words). It is found through the
``alliance_workshop.modules`` entry point of the ``.dist-info`` folder beside it, which names
``aw_sample_module.spec`` (``tests/test_module_contract.py`` puts this folder on ``sys.path``).
"""
