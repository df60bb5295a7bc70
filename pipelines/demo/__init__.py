"""Demo deliveries: a realistic input directory for the pipeline (reference tables and
every year's cohort, applicants, training, assessment and follow-up files in the formats
and spellings contract.md allows), with injected defects recorded in a manifest.

    from pipelines.demo import generate, GeneratorOptions, Manifest
    manifest = generate(out_dir, GeneratorOptions(seed=2024, students_per_year=300))
    manifest.write_json(path)  # outside out_dir
"""

from pipelines.demo.generate import generate
from pipelines.demo.manifest import Defect, FileEntry, Manifest, RosterRow
from pipelines.demo.options import GeneratorOptions

__all__ = ["Defect", "FileEntry", "GeneratorOptions", "Manifest", "RosterRow", "generate"]
