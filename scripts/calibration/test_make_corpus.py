#!/usr/bin/env python3
"""Checks the picture handling of make-corpus.py that the clips depend on, without any download:
cut-outs laid over the wall, `crop` moving the face's coordinates, `border` choosing what lies past
the picture's edge.

    /tmp/calib-venv/bin/python -m unittest discover -s scripts/calibration -p 'test_*.py'
"""
import importlib.util
import os
import unittest

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_corpus", os.path.join(HERE, "make-corpus.py"))
mc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mc)


def row(**cells):
    base = dict(subject="t", cx="50", cy="40", fw="20", rex="45", rey="35", lex="55", ley="35",
                mx="50", my="48", border="", crop="")
    base.update(cells)
    return base


class DecodeTests(unittest.TestCase):
    def test_cut_out_is_laid_over_the_backdrop(self):
        rgba = np.zeros((4, 4, 4), dtype=np.uint8)
        rgba[..., :3] = (10, 20, 30)
        rgba[0, 0, 3] = 255  # one opaque pixel, the rest transparent
        rgba[1, 1, 3] = 128  # one half transparent
        ok, png = cv2.imencode(".png", rgba)
        self.assertTrue(ok)
        image = mc.decode(np.frombuffer(png.tobytes(), dtype=np.uint8))
        self.assertEqual(image.shape, (4, 4, 3))
        self.assertEqual(tuple(image[0, 0]), (10, 20, 30))
        self.assertEqual(tuple(image[3, 3]), tuple(mc.BACKDROP))
        half = [round((c * 128 + w * 127) / 255) for c, w in zip((10, 20, 30), mc.BACKDROP)]
        self.assertEqual(list(image[1, 1]), half)

    def test_picture_without_alpha_is_plain_bgr(self):
        grey = np.full((3, 5), 77, dtype=np.uint8)
        ok, png = cv2.imencode(".png", grey)
        self.assertTrue(ok)
        image = mc.decode(np.frombuffer(png.tobytes(), dtype=np.uint8))
        self.assertEqual(image.shape, (3, 5, 3))
        self.assertTrue((image == 77).all())


class SubjectTests(unittest.TestCase):
    def test_crop_keeps_the_part_and_moves_the_coordinates(self):
        picture = np.zeros((100, 200, 3), dtype=np.uint8)
        picture[:, 100:] = 200
        s = mc.Subject(row(cx="150", rex="145", lex="155", mx="150", crop="100,0,200,100"), picture)
        self.assertEqual(s.image.shape, (100, 100, 3))
        self.assertTrue((s.image == 200).all())
        self.assertEqual(s.centre, (50.0, 40.0))
        self.assertEqual(s.eyes, [(45.0, 35.0), (55.0, 35.0)])
        self.assertEqual(s.mouth, (50.0, 48.0))

    def test_crop_outside_the_picture_is_refused(self):
        with self.assertRaises(SystemExit):
            mc.Subject(row(crop="0,0,300,100"), np.zeros((100, 200, 3), dtype=np.uint8))

    def test_border_defaults_to_mirror(self):
        picture = np.zeros((80, 100, 3), dtype=np.uint8)
        self.assertEqual(mc.Subject(row(), picture).border, cv2.BORDER_REFLECT)
        self.assertEqual(mc.Subject(row(border="edge"), picture).border, cv2.BORDER_REPLICATE)

    def test_edge_border_repeats_the_last_row_instead_of_mirroring(self):
        # A picture whose rows get darker downwards: mirrored, the frame below it gets brighter again;
        # with `edge` it keeps the last row's value.
        picture = np.repeat(np.linspace(250, 50, 60, dtype=np.float32)[:, None], 100, axis=1)
        picture = np.repeat(picture[..., None], 3, axis=2).astype(np.uint8)
        for border, below in (("", "brighter"), ("edge", "same")):
            s = mc.Subject(row(border=border), picture)
            frame = mc.render(s, (mc.W, mc.H), (mc.W / 2, mc.H * 0.45), 0)
            last = frame[:, mc.W // 2, 0]
            inside = last[int(mc.H * 0.45) + 100]
            bottom = last[-1]
            if below == "same":
                self.assertAlmostEqual(float(bottom), 50.0, delta=1.5)
            else:
                self.assertGreater(float(bottom), float(inside) + 20)


class RateTests(unittest.TestCase):
    def test_rate_and_length_come_from_the_environment(self):
        self.assertEqual((mc.FPS, mc.SECONDS), (15, 3))
        os.environ.update(CORPUS_FPS="30", CORPUS_SECONDS="5")
        try:
            other = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(other)
            self.assertEqual((other.FPS, other.SECONDS), (30, 5))
        finally:
            del os.environ["CORPUS_FPS"], os.environ["CORPUS_SECONDS"]


if __name__ == "__main__":
    unittest.main()
