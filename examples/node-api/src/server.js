'use strict';
require('dotenv').config();
const express = require('express');
const { Pool } = require('pg');
const Database = require('better-sqlite3');
const bcrypt = require('bcrypt');
const sharp = require('sharp');
const { z } = require('zod');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const cache = new Database(process.env.CACHE_DB ?? 'cache.db');
cache.exec('CREATE TABLE IF NOT EXISTS thumbs (id TEXT PRIMARY KEY, png BLOB)');

const app = express();
app.use(express.json());

const Order = z.object({ sku: z.string(), quantity: z.number().int().positive() });

app.post('/orders', async (req, res) => {
  const order = Order.parse(req.body);
  const { rows } = await pool.query('INSERT INTO orders (sku, quantity) VALUES ($1, $2) RETURNING id', [order.sku, order.quantity]);
  res.status(201).json(rows[0]);
});

app.post('/users', async (req, res) => {
  const hash = await bcrypt.hash(req.body.password, 12);
  await pool.query('INSERT INTO users (email, hash) VALUES ($1, $2)', [req.body.email, hash]);
  res.sendStatus(201);
});

app.get('/thumbs/:id', async (req, res) => {
  const hit = cache.prepare('SELECT png FROM thumbs WHERE id = ?').get(req.params.id);
  if (hit) return res.type('png').send(hit.png);
  const { rows } = await pool.query('SELECT image FROM products WHERE id = $1', [req.params.id]);
  const png = await sharp(rows[0].image).resize(128, 128).png().toBuffer();
  cache.prepare('INSERT INTO thumbs (id, png) VALUES (?, ?)').run(req.params.id, png);
  res.type('png').send(png);
});

app.listen(process.env.PORT ?? 3000);
