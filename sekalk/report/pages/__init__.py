"""The HTML pages, one module per page: :mod:`~sekalk.report.pages.report` (a result; its
sections from :mod:`sekalk.report.sections`), :mod:`~sekalk.report.pages.summary` (the
notebook fragment), :mod:`~sekalk.report.pages.compare` and
:mod:`~sekalk.report.pages.portfolio`; :mod:`~sekalk.report.pages.common` holds what they
share. Each renders from the summaries layer (:func:`sekalk.summaries.summarize`)."""
