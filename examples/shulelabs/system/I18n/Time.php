<?php

declare(strict_types=1);

namespace CodeIgniter\I18n;

use DateTimeImmutable;
use DateTimeZone;
use JsonSerializable;

/**
 * CI4's immutable date-time (the subset used): parse(), toDateTimeString(); prints and
 * JSON-encodes as "Y-m-d H:i:s".
 */
class Time extends DateTimeImmutable implements JsonSerializable
{
    public static function parse(string $datetime, DateTimeZone|string|null $timezone = null): static
    {
        return new static($datetime, is_string($timezone) ? new DateTimeZone($timezone) : $timezone);
    }

    public function toDateTimeString(): string
    {
        return $this->format('Y-m-d H:i:s');
    }

    public function __toString(): string
    {
        return $this->toDateTimeString();
    }

    public function jsonSerialize(): string
    {
        return $this->toDateTimeString();
    }
}
