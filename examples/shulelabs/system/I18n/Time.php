<?php

declare(strict_types=1);

namespace CodeIgniter\I18n;

use DateTimeImmutable;
use DateTimeZone;
use JsonSerializable;

/**
 * CI4's immutable date-time (the subset used): now(), parse(), toDateTimeString(); prints and
 * JSON-encodes as "Y-m-d H:i:s".
 */
class Time extends DateTimeImmutable implements JsonSerializable
{
    public static function now(DateTimeZone|string|null $timezone = null): static
    {
        return new static('now', self::zone($timezone));
    }

    public static function parse(string $datetime, DateTimeZone|string|null $timezone = null): static
    {
        return new static($datetime, self::zone($timezone));
    }

    public function toDateTimeString(): string
    {
        return $this->format('Y-m-d H:i:s');
    }

    public function toDateString(): string
    {
        return $this->format('Y-m-d');
    }

    public function __toString(): string
    {
        return $this->toDateTimeString();
    }

    public function jsonSerialize(): string
    {
        return $this->toDateTimeString();
    }

    private static function zone(DateTimeZone|string|null $timezone): ?DateTimeZone
    {
        return is_string($timezone) ? new DateTimeZone($timezone) : $timezone;
    }
}
