"""stdkit: the toolkit for DB42/T《县乡村政务服务体系建设》.

Flow of data: YAML sources -> `toolkit.load` (validated, linked `Project`) -> renderers -> site.
"""

__version__ = "0.1.0"
