"""The CMS's answers to hook points other apps define (see ``cms.awards_winners``)."""

from wagtail import hooks

from cms.awards_winners import publish_awards_winners

hooks.register("pop_awards_publish_winners", publish_awards_winners)
