"""The window's paperwork, made from the validated Project (`stdkit build` writes it into <site>/paperwork/):

    forms/<bundle>.docx|.pdf          一表申请: each 一事联办's merged application form (forms.py)
    forms/items/<item>.docx           an item's own form (items whose data lists form fields)
    notices/items/<item>.docx         一次性告知单 of every item (notice.py)
    notices/by-department/<dept>.pdf  the department's notices in one PDF, one bookmark per item
    notices/bundles/<bundle>.docx|.pdf
    handbook.docx|.pdf                全科受理手册 (handbook.py)
and the staff's offline web section staff/ (web.py, not in the citizens' menu). What the documents say is
decided here (facts.py: the facts they share; order.py: pinyin order and indexes; guard.py: characters
Word cannot hold); documents.py lists the files, the digest each is made from, and makes their bytes.
Every document is a model (toolkit/office/model.py): its Word file and its PDF (Typst) come from it. How
they are made (cache, what to make again, worker processes, threads) is the build's:
toolkit/build/paperwork.py.
"""

from .documents import FOLDER, HANDBOOK, STAFF, Department, Documents, File, Made

__all__ = ["FOLDER", "HANDBOOK", "STAFF", "Department", "Documents", "File", "Made"]
