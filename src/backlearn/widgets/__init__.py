"""The views: thin ipywidgets layers over the pure logic, their state in widget values.

One module per family: ``explorer`` (the explorer and its short version), ``chooser`` (the symptom
tick boxes), ``panels`` (the answer's banner, guidance, checklists, sources and note), ``plan_bar``
("Save my plan"), ``quiz``, ``case_study``, ``diary_form``, ``lessons``, ``region_picker`` (with
``follows_region``, what a view that follows it shares), ``diagram`` (the back diagram),
``fold_button`` and ``style`` (the widgets' CSS). Logic modules never import these; the notebooks
take them from ``backlearn`` (loaded on first use); each name is public in its own module only.
"""
