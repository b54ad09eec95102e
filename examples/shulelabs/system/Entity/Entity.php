<?php

declare(strict_types=1);

namespace CodeIgniter\Entity;

use CodeIgniter\I18n\Time;
use JsonSerializable;

/**
 * CI4's Entity: attributes read and written as properties, $casts (int/integer, float/double,
 * bool/boolean, string, with "?" for nullable) and $dates turned into Time; JSON-serialisable.
 */
class Entity implements JsonSerializable
{
    /** @var array<string, mixed> */
    protected $attributes = [];
    /** @var list<string> */
    protected $dates = ['created_at', 'updated_at', 'deleted_at'];
    /** @var array<string, string> */
    protected $casts = [];

    /**
     * @param array<string, mixed>|null $data
     */
    public function __construct(?array $data = null)
    {
        $this->fill($data);
    }

    /**
     * @param array<string, mixed>|null $data
     */
    public function fill(?array $data = null): static
    {
        foreach ($data ?? [] as $key => $value) {
            $this->__set((string) $key, $value);
        }
        return $this;
    }

    /**
     * Every attribute, after casts.
     *
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        $out = [];
        foreach (array_keys($this->attributes) as $key) {
            $out[$key] = $this->__get($key);
        }
        return $out;
    }

    /**
     * Sets the values as read from the database.
     *
     * @param array<string, mixed> $data
     */
    public function injectRawData(array $data): static
    {
        $this->attributes = $data;
        return $this;
    }

    public function jsonSerialize(): mixed
    {
        return $this->toArray();
    }

    public function __get(string $key): mixed
    {
        $value = $this->attributes[$key] ?? null;
        if (in_array($key, $this->dates, true) && $value !== null) {
            return Time::parse((string) $value);
        }
        $type = $this->casts[$key] ?? null;
        if ($type === null || ($value === null && str_starts_with($type, '?'))) {
            return $value;
        }
        return match (ltrim($type, '?')) {
            'int', 'integer' => (int) $value,
            'float', 'double' => (float) $value,
            'bool', 'boolean' => (bool) $value,
            'string' => (string) $value,
            default => $value,
        };
    }

    public function __set(string $key, mixed $value = null): void
    {
        $this->attributes[$key] = $value;
    }

    public function __isset(string $key): bool
    {
        return isset($this->attributes[$key]);
    }
}
