"""The drafting cycle: comments on a draft (form, import, decisions, the 征求意见汇总处理表) and the
changes between two drafts shown by provision (`stdkit diff`).

Comments are data in standard/comments/*.yaml, keyed by the stable id of the clause they are about,
so they stay attached to their clause when the numbering changes.
"""
