"""pydantic models of every kind of YAML source file; one module per kind."""

from .common import Model, TimeLimit
from .county import County
from .department import Department, DepartmentsFile
from .item import Fee, Levels, Material, Online, Phones, ReformRecord, ServiceItem
from .flow import Branch, Flow, Step, StepOverride
from .bundle import Bundle, BundleMaterial, FormField, FormFieldsFile, BundleBefore, BundleAfter
from .lifecycle import LifecycleFile
from .network import CountyCentre, TownshipsFile, VillagesFile, ItemListFile, TeamsFile

__all__ = [
    "Model", "TimeLimit", "County", "Department", "DepartmentsFile", "Fee", "Levels", "Material",
    "Online", "Phones", "ReformRecord", "ServiceItem", "Branch", "Flow", "Step", "StepOverride",
    "Bundle", "BundleMaterial", "FormField", "FormFieldsFile", "BundleBefore", "BundleAfter",
    "LifecycleFile", "CountyCentre", "TownshipsFile", "VillagesFile", "ItemListFile", "TeamsFile",
]
