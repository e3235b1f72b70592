"""pydantic models of every kind of YAML source file; one module per kind."""

from .bundle import Bundle, BundleAfter, BundleBefore, BundleMaterial, FormField, FormFieldsFile
from .common import Model, TimeLimit
from .county import County
from .department import Department, DepartmentsFile
from .flow import Branch, Flow, Step, StepOverride
from .item import Fee, Levels, Material, Online, Phones, ReformRecord, ServiceItem
from .lifecycle import LifecycleFile
from .network import CountyCentre, ItemListFile, TeamsFile, TownshipsFile, VillagesFile

__all__ = [
    "Branch",
    "Bundle",
    "BundleAfter",
    "BundleBefore",
    "BundleMaterial",
    "County",
    "CountyCentre",
    "Department",
    "DepartmentsFile",
    "Fee",
    "Flow",
    "FormField",
    "FormFieldsFile",
    "ItemListFile",
    "Levels",
    "LifecycleFile",
    "Material",
    "Model",
    "Online",
    "Phones",
    "ReformRecord",
    "ServiceItem",
    "Step",
    "StepOverride",
    "TeamsFile",
    "TimeLimit",
    "TownshipsFile",
    "VillagesFile",
]
