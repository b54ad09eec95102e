<?php

declare(strict_types=1);

namespace CodeIgniter\Entity;

use CodeIgniter\I18n\Time;
use JsonSerializable;

/**
 * CI4's Entity: attributes with change tracking, $casts (int, float, bool, string, json, array,
 * datetime, with "?" for nullable), $dates turned into Time, and setX()/getX() mutators.
 */
class Entity implements JsonSerializable
{
    /** @var array<string, mixed> */
    protected $attributes = [];
    /** @var array<string, mixed> */
    protected $original = [];
    /** @var list<string> */
    protected $dates = ['created_at', 'updated_at', 'deleted_at'];
    /** @var array<string, string> */
    protected $casts = [];
    /** @var array<string, string> */
    protected $datamap = [];

    /**
     * @param array<string, mixed>|null $data
     */
    public function __construct(?array $data = null)
    {
        $this->syncOriginal();
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
     * Values after casts and getters; $onlyChanged limits to attributes changed since loading.
     *
     * @return array<string, mixed>
     */
    public function toArray(bool $onlyChanged = false, bool $cast = true, bool $recursive = false): array
    {
        $out = [];
        foreach (array_keys($this->attributes) as $key) {
            if ($onlyChanged && ! $this->hasChanged($key)) {
                continue;
            }
            $out[$key] = $cast ? $this->__get($key) : $this->attributes[$key];
        }
        return $out;
    }

    /**
     * @return array<string, mixed>
     */
    public function toRawArray(bool $onlyChanged = false, bool $recursive = false): array
    {
        if (! $onlyChanged) {
            return $this->attributes;
        }
        return array_filter($this->attributes, fn (string $key): bool => $this->hasChanged($key), ARRAY_FILTER_USE_KEY);
    }

    /**
     * Sets raw values as read from the database (no setters, marks them unchanged).
     *
     * @param array<string, mixed> $data
     */
    public function injectRawData(array $data): static
    {
        $this->attributes = $data;
        $this->syncOriginal();
        return $this;
    }

    public function syncOriginal(): static
    {
        $this->original = $this->attributes;
        return $this;
    }

    public function hasChanged(?string $key = null): bool
    {
        if ($key === null) {
            return $this->original !== $this->attributes;
        }
        return ! array_key_exists($key, $this->original) || $this->original[$key] !== ($this->attributes[$key] ?? null);
    }

    public function jsonSerialize(): mixed
    {
        return $this->toArray();
    }

    public function __get(string $key): mixed
    {
        $key = $this->datamap[$key] ?? $key;
        $getter = 'get' . str_replace('_', '', ucwords($key, '_'));
        if (method_exists($this, $getter)) {
            return $this->{$getter}();
        }
        $value = $this->attributes[$key] ?? null;
        if (in_array($key, $this->dates, true) && $value !== null && ! $value instanceof Time) {
            return Time::parse((string) $value);
        }
        return isset($this->casts[$key]) ? $this->castAs($value, $this->casts[$key]) : $value;
    }

    public function __set(string $key, mixed $value = null): void
    {
        $key = $this->datamap[$key] ?? $key;
        $setter = 'set' . str_replace('_', '', ucwords($key, '_'));
        if (method_exists($this, $setter)) {
            $this->{$setter}($value);
            return;
        }
        if ($value instanceof Time) {
            $value = $value->toDateTimeString();
        } elseif (is_array($value) && in_array(ltrim($this->casts[$key] ?? '', '?'), ['json', 'json-array', 'array'], true)) {
            $value = json_encode($value, JSON_THROW_ON_ERROR);
        }
        $this->attributes[$key] = $value;
    }

    public function __isset(string $key): bool
    {
        return isset($this->attributes[$this->datamap[$key] ?? $key]);
    }

    public function __unset(string $key): void
    {
        unset($this->attributes[$this->datamap[$key] ?? $key]);
    }

    protected function castAs(mixed $value, string $type): mixed
    {
        if ($value === null && str_starts_with($type, '?')) {
            return null;
        }
        return match (ltrim($type, '?')) {
            'int', 'integer' => (int) $value,
            'float', 'double' => (float) $value,
            'bool', 'boolean' => (bool) $value,
            'string' => (string) $value,
            'json' => is_string($value) ? json_decode($value, false) : $value,
            'json-array', 'array' => is_string($value) ? json_decode($value, true) : (array) $value,
            'datetime' => $value === null ? null : Time::parse((string) $value),
            default => $value,
        };
    }
}
