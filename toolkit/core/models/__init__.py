"""pydantic models of every kind of YAML source file; one module per kind."""

from .bundle import Bundle, BundleAfter, BundleBefore, BundleMaterial, FormField, FormFieldsFile
from .common import LegalRef, Model, TimeLimit
from .county import County, Remedy, WindowRules
from .department import Department, DepartmentsFile
from .flow import Branch, Flow, Step, StepOverride
from .item import Commitment, Fee, Levels, Material, Online, Phones, ReformRecord, ServiceItem
from .lifecycle import LifecycleFile
from .network import CountyCentre, ItemListFile, TeamsFile, TownshipsFile, VillagesFile

__all__ = [
    "Branch",
    "Bundle",
    "BundleAfter",
    "BundleBefore",
    "BundleMaterial",
    "Commitment",
    "County",
    "CountyCentre",
    "Department",
    "DepartmentsFile",
    "Fee",
    "Flow",
    "FormField",
    "FormFieldsFile",
    "ItemListFile",
    "LegalRef",
    "Levels",
    "LifecycleFile",
    "Material",
    "Model",
    "Online",
    "Phones",
    "ReformRecord",
    "Remedy",
    "ServiceItem",
    "Step",
    "StepOverride",
    "TeamsFile",
    "TimeLimit",
    "TownshipsFile",
    "VillagesFile",
    "WindowRules",
]
