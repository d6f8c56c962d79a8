"""Imports every capability's models so Alembic and the app see one metadata."""

from portal.apply import models as apply_models  # noqa: F401
from portal.auth import models as auth_models  # noqa: F401
from portal.cases import models as case_models  # noqa: F401
from portal.complaints import models as complaint_models  # noqa: F401
from portal.outbox import models as outbox_models  # noqa: F401
from portal.schedule import models as schedule_models  # noqa: F401
from portal.messages import models as message_models  # noqa: F401
from portal.quality import models as quality_models  # noqa: F401

from portal import versions  # noqa: E402
from portal.extensions import db  # noqa: E402

# The data versions a kept page is keyed on, raised by triggers on the tables above.
data_version = versions.table(db.metadata)
versions.attach(db.metadata)
