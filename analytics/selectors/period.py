"""The period a report covers: whole local days in a time zone, `end` included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive: the report covers all of this local day
    tz: ZoneInfo

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=self.tz).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """Exclusive: local midnight after `end`."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=self.tz).astimezone(
            UTC
        )

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def hours(self) -> list[datetime]:
        """Start of every UTC hour the period touches (the first may begin before the period in
        a zone whose offset is not a whole number of hours)."""
        moment = self.start_utc.replace(minute=0, second=0, microsecond=0)
        hours = []
        while moment < self.end_utc:
            hours.append(moment)
            moment += HOUR
        return hours

    @property
    def whole_hour_offsets(self) -> bool:
        """Whether every local midnight of the period falls on a UTC hour, so that its days are
        runs of whole UTC hours (false for Asia/Kolkata, Australia/Adelaide, ...)."""
        for day in [*self.days(), self.end + timedelta(days=1)]:
            offset = datetime.combine(day, time(0), tzinfo=self.tz).utcoffset()
            if offset is None or offset.total_seconds() % 3600:
                return False
        return True


def ceil_hour(moment: datetime) -> datetime:
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor if floor == moment else floor + HOUR
