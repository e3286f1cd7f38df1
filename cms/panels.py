"""Admin panels of our own."""

from wagtail.admin.panels import HelpPanel


class SourcePanel(HelpPanel):
    """Read-only: where a case study published from practice came from, with the consent given.

    Shown only on case studies that have a source; the fields behind it are never editable.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "cms/admin/source_panel.html")
        kwargs.setdefault("heading", "Published from practice")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self) -> bool:
            return bool(getattr(self.instance, "source_id", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["source"] = self.instance.source
            return context
